// Amounts that check by type but make a fund pay what no policy means.
//
// A deductible may be a multiple of another (twice the local one), as a
// cap may; only a credit's plain factor is a percentage that lost its %.
policy "p" {
    insutype 310
    source "s"
}
param 住院起付线 = ¥1000
benefit c {
    covers 普通住院
    when mdtrt_area == 本地
    deductible 住院起付线 per admission
    ratio 85%
}
benefit d {
    covers 普通住院
    deductible 住院起付线 × 2 per admission
    ratio 85%
}
benefit e {
    covers 普通门诊
    deductible ¥400 × 1.5 per year
    ratio 60%
}
---
// A deductible may vary with a count of the claim, or take a percentage;
// a cap may be a multiple (12 months).
policy "p" {
    insutype 310
    source "s"
}
param 月限额 = ¥500
benefit c {
    covers 普通住院
    deductible max(¥500, ¥1200 - ¥100 × (admission - 1)) per admission
    ratio 85%
    cap 月限额 × 12 per year
}
benefit d {
    covers 普通门诊
    deductible ¥1000 × 50% per year
    ratio 60%
}
---
// A cap of ¥0 on every claim; with a condition it pays nothing on those
// claims only, which a policy may mean.
policy "p" {
    insutype 310
    source "s"
}
benefit c {
    covers 普通住院
    ratio 85%
    cap ¥0 per year // ### `a cap of ¥0 on every claim means the fund never pays`
}
benefit d {
    covers 普通门诊
    ratio 60%
    cap ¥0 per visit when medins_lv == 药店
}
---
// A yearly cap under the deductible some claims bear (zeros dropped from
// ¥400000); a cap per visit under a yearly deductible is ordinary.
policy "p" {
    insutype 310
    source "s"
}
param 住院起付线 = match medins_lv {
    一级: ¥200
    default: ¥1000
}
param 统筹限额 = ¥400
benefit c {
    covers 普通住院
    deductible 住院起付线 per year
    ratio 85%
    cap 统筹限额 per year // ### `benefit c's yearly cap 统筹限额 \(¥400\) is less than its deductible 住院起付线 \(¥1000\) for medins_lv (二级|三级|[^,]+) \(line 14\)`
}
benefit d {
    covers 普通门诊
    deductible ¥600 per year
    ratio 60%
    cap ¥10 per visit
}
---
// A division by a parameter that is 0, unguarded; guarded, it never runs.
policy "p" {
    insutype 310
    source "s"
}
param n = 0
param 每次限额 = ¥100 / n // ### `division by zero: parameter n is 0`
param 单次 = if n == 0 then ¥100 else ¥1000 / n
benefit c {
    covers 普通住院
    ratio 85%
    cap 单次 per visit
    cap ¥1000 / (n + 0) per year // ### `division by zero: the divisor works out at 0`
}
---
// A deductible that reads every label field (96525 combinations over the
// kinds of care covered) but is decided on a few is still worked out.
policy "p" {
    insutype 310
    source "s"
}
param 住院起付线 = if med_type == 普通住院 and psn_type == 职工在职 and medins_lv == 一级 and insutype == 310 and mdtrt_area == 本地 and remote_filing == 临时 then ¥1500 else ¥1000
benefit c {
    covers 普通门诊, 门诊挂号, 急诊, 门诊慢特病, 意外伤害门诊, 普通住院, 外伤住院, 转外诊治住院, 急诊转住院
    deductible 住院起付线 per year
    ratio 85%
    cap ¥1200 per year // ### `benefit c's yearly cap ¥1200 is less than its deductible 住院起付线 \(¥1500\) for psn_type 职工在职, med_type 普通住院, medins_lv 一级, insutype 职工基本医疗保险, mdtrt_area 本地, remote_filing 临时`
}
---
// A yearly cap may be under a deductible that other benefits' claims meet
// (pool), or that is borne on each admission.
policy "p" {
    insutype 310
    source "s"
}
benefit c {
    covers 普通住院
    deductible ¥1000 per year pool 住院
    ratio 85%
    cap ¥460000 per year
}
benefit d {
    covers 门诊慢特病
    deductible ¥1000 per year pool 住院
    ratio 80%
    cap ¥800 per year
}
benefit e {
    covers 外伤住院
    deductible ¥1000 per admission
    ratio 80%
    cap ¥800 per year
}
