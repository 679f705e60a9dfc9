policy "p" {
    insutype 310
    source "s"
}
benefit c {
    covers 普通住院
    ratio 120% // ### `ratio 120% is outside \[0%, 100%\]`
}
---
policy "p" {
    insutype 310
    source "s"
}
benefit c {
    covers 普通住院
    deductible -¥5 // ### `money -5(\.00)? is negative`
    ratio 85%
}
---
policy "p" {
    insutype 310
    source "s"
    effective 2025-12-31 to 2025-01-01 // ### `effective period ends \(2025-01-01\) before it starts \(2025-12-31\)`
}
benefit c {
    covers 普通住院
    ratio 85%
}
---
policy "p" {
    insutype 310
    source "s"
    effective 2025-02-30 to 2025-12-31 // ### `"2025-02-30" is not a date`
}
benefit c {
    covers 普通住院
    ratio 85%
}
---
// A zero written as the divisor; a parameter that is zero may be guarded.
policy "p" {
    insutype 310
    source "s"
}
param 次数 = 0
param 单次线 = if 次数 == 0 then ¥100 else ¥1000 / 次数
benefit c {
    covers 普通住院
    deductible ¥100 / 0 // ### `division by zero`
    ratio 85%
    cap 单次线 per year
}
