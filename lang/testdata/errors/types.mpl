policy "p" {
    insutype 310
    source "s"
}
param a = ¥5 + 5% // ### `cannot add money and ratio`
benefit c {
    covers 普通住院
    ratio 85%
    cap 85% per year // ### `a cap is money, not ratio`
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
benefit c {
    covers 普通住院
    when inscp_scp_amt == 退休 // ### `cannot compare money with psn_type`
    ratio 85%
}
---
policy "p" {
    insutype 310
    source "s"
}
benefit c {
    covers 普通住院
    deductible 1500 // ### `a deductible is money, not number`
    ratio 0.85 // ### `a ratio is a ratio \(85%\) or bands, not number`
}
---
// Arithmetic that makes sense type-checks.
policy "p" {
    insutype 310
    source "s"
}
enum psn_type {
    在职 = 1101
    退休 = 1201
}
param a = ¥100 × 85% + ¥5
param d = ¥10 / ¥20
benefit c {
    covers 普通住院
    when inscp_scp_amt > a and psn_type == 退休
    deductible a - ¥5
    ratio d
    cap max(a, ¥1000) per year
}
---
// A list of another type than the value before in, and a number that is
// no code of the field compared with it.
policy "p" {
    insutype 310
    source "s"
}
benefit b {
    covers 普通住院
    ratio  85%
    adjust + 5% when age in [一级, 三级] // ### `the list holds medins_lv, but the value before in is number`
    adjust + 5% when psn_type == 9999 // ### `unknown person type "9999"`
    adjust + 5% when 9999 == psn_type // ### `unknown person type "9999"`
}
