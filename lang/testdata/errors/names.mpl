policy "p" {
    insutype 310
    source "s"
}
param a: money = 起付标准 // ### `unknown name "起付标准"`
benefit b {
    covers 普通住院
    ratio 85%
}
---
policy "p" {
    insutype 310
    source "s"
}
enum psn_type {
    在职 = 1101
    退休 = 1201
}
benefit b {
    covers 普通住院
    ratio match psn_type {
        在职: 85%
        退修: 92% // ### `unknown person type "退修"`
        _: 90%
    }
}
---
policy "p" {
    insutype 310
    source "s"
}
benefit b {
    covers 普通住院, 普通注院 // ### `unknown kind of care "普通注院"`
    ratio 85%
}
---
policy "p" {
    insutype 310
    source "s"
}
param a = mim(¥1, ¥2) // ### `unknown function mim`
benefit b {
    covers 普通住院
    ratio 85%
}
---
// Parameters may be declared in any order, but not reach themselves.
// The cycle is reported once per parameter in it (see report).
policy "p" {
    insutype 310
    source "s"
}
param a = b + ¥1
param b = a + ¥1 // ### `parameter cycle: a → b → a`
benefit c {
    covers 普通住院
    ratio 85%
}
---
policy "p" {
    insutype 399 // ### `unknown insutype "399"`
    source "s"
}
benefit c {
    covers 普通住院
    ratio 85%
}
