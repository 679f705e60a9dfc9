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
---
// A ratio the checker can work out for some labels to exceed 100%: a row
// plus an adjustment, a table × 1.1, a remote row, a fund's rate.
policy "p" {
    insutype 310
    source "s"
}
param 住院比例 = table by medins_lv, psn_type {
    一级, 职工退休: 95%
    default:        85%
}
benefit c {
    covers 普通住院
    ratio 住院比例
    adjust + 10% when mdtrt_area == 本地 // ### `benefit c's ratio works out at 105% for psn_type 职工退休, medins_lv 一级, mdtrt_area 本地: outside \[0%, 100%\]`
}
benefit d {
    covers 外伤住院
    ratio 住院比例 × 1.1 // ### `benefit d's ratio works out at 104.5% for psn_type 职工退休, medins_lv 一级: outside`
}
benefit e {
    covers 门诊慢特病
    ratio match psn_type { 职工退休: 95%, default: 80% }
    remote by mdtrt_area {
        本地:    × 100%
        default: + 10% // ### `benefit e's ratio works out at 105% for psn_type 职工退休, mdtrt_area (省内异地|跨省异地)`
    }
}
fund f {
    code 390200
    ratio if medins_lv == 三级 then 住院比例 × 2 else 50% // ### `fund f's ratio works out at 170% for medins_lv 三级`
}
---
// Benefits are tried in order and the first that applies settles: a ratio
// over 100% for labels an earlier benefit of that kind of care takes never
// pays, nor is it reported where an earlier benefit's when reads more than
// labels; for the labels no earlier benefit takes, it is.
policy "p" {
    insutype 310
    source "s"
}
param 住院比例 = match psn_type { 离休: 100%, default: 85% }
benefit 离休住院 {
    covers 普通住院, 外伤住院
    when psn_type == 离休
    ratio 100%
}
benefit 住院 {
    covers 普通住院
    ratio 住院比例
    adjust + 5% when medins_lv == 一级
}
benefit 高龄门慢 {
    covers 门诊慢特病
    when age >= 80
    ratio 100%
}
benefit 门慢 {
    covers 门诊慢特病
    ratio 住院比例
    adjust + 5% when medins_lv == 一级
}
benefit 外伤 {
    covers 外伤住院, 急诊
    ratio 住院比例
    adjust + 5% when medins_lv == 一级 // ### `benefit 外伤's ratio works out at 105% for psn_type 离休, med_type 急诊, medins_lv 一级: outside`
}
---
// Ratios that stay within 100% for every claim the checker can work out,
// and one that depends on the claim's age, left to run time.
policy "p" {
    insutype 310
    source "s"
}
param 住院比例 = table by medins_lv, psn_type {
    一级, 职工退休: 95%
    default:        85%
}
benefit c {
    covers 普通住院
    ratio 住院比例
    adjust + 10% when psn_type == 职工在职
    remote by mdtrt_area {
        本地:    × 100%
        default: × 90%
    }
}
benefit d {
    covers 外伤住院
    when psn_type == 职工在职
    ratio 住院比例 × 1.1
}
benefit e {
    covers 门诊慢特病
    ratio 80% + 1% × (age - 60)
}
---
// A code with spaces around it would never match a claim's, which is read
// without them.
policy "p" {
    insutype 310
    source "s"
}
enum medins_lv {
    一级 = 1
    三级 = "3 " // ### `code "3 " of medins_lv has spaces at its start or end, which a claim's code never has`
}
benefit b {
    covers 普通住院
    ratio 85%
}
