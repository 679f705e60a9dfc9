policy "p" {
    insutype 310
    source "s"
}
benefit c {
    covers 普通住院
    when age > 200 and false // ### `benefit c can never apply: its condition is always false`
    ratio 85%
}
---
policy "p" {
    insutype 310
    source "s"
}
benefit a {
    covers 普通住院, 外伤住院
    ratio 85%
}
benefit b { // ### `benefit b can never apply to 外伤住院: benefit a above already covers it`
    covers 外伤住院
    ratio 90%
}
---
// A conditional benefit does not shadow a later one.
policy "p" {
    insutype 310
    source "s"
}
enum psn_type {
    在职 = 1101
    退休 = 1201
}
benefit a {
    covers 普通住院
    when psn_type == 退休
    ratio 92%
}
benefit b {
    covers 普通住院
    ratio 85%
}
---
policy "p" { // ### `has no benefit`
    insutype 310
    source "s"
}
