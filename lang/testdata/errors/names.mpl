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
---
// A code, or its national label, of a label with several codes stands for
// all of them: a rule on it would hold for every code of the label.
policy "p" {
    insutype 310
    source "s"
}
enum psn_type {
    在职 = 1101, 1102, 1103
    退休 = 1201
}
enum medins_lv {
    一级 = 1, "基层"
    二级 = 2
    三级 = 3
}
benefit c {
    covers 普通住院
    ratio 85%
    adjust - 5% when psn_type == 灵活就业在职 // ### `person type "灵活就业在职" is one of the codes of 在职 here \(1101, 1102, 1103\)`
    adjust - 5% when psn_type == 1103 // ### `person type "1103" is one of the codes of 在职 here`
    adjust + 5% when medins_lv == 基层 // ### `provider level "基层" is one of the codes of 一级 here \(1, 基层\)`
    adjust - 1% when psn_type == 1201 // a label of one code is exact
    adjust - 1% when psn_type == 职工退休
    adjust - 1% when psn_type == 在职
}
---
// So is such a code as a table's key, or in covers.
policy "p" {
    insutype 310
    source "s"
}
enum psn_type {
    在职 = 1101, 1102, 1103
    退休 = 1201
}
param 比例 = match psn_type {
    职工在职: 85% // ### `person type "职工在职" is one of the codes of 在职 here`
    default: 90%
}
benefit c {
    covers 普通住院
    ratio 比例
}
---
// A pool comes into being where a deductible names it: a name one
// character from a pool other benefits share is a slip that would charge
// a second deductible.
policy "p" {
    insutype 310
    source "s"
}
benefit 普通门诊 {
    covers     普通门诊
    deductible ¥600 per year pool 门诊
    ratio      80%
}
benefit 慢病 {
    covers     门诊慢特病
    deductible ¥600 per year pool 门诊
    ratio      90%
}
benefit 药店 {
    covers     定点药店购药
    deductible ¥600 per year pool 门珍 // ### `^pool 门珍 is named here only, one character from pool 门诊: as written it is another pool`
    ratio      90%
}
---
// Two names written once each, one character apart: the later is
// reported, as neither is the obvious slip. The Chinese keywords too.
policy "p" {
    insutype 310
    source "s"
}
benefit 普通门诊 {
    covers     普通门诊
    ratio      80%
    cap        ¥400000 per year limit 统筹年度限頟
}
benefit 住院 {
    适用       普通住院
    报销比例   85%
    封顶线     ¥400000 每年 限额 统筹年度限额 // ### `^limit 统筹年度限额 here and limit 统筹年度限頟 at line 10 are each named in one place only, one character apart`
}
---
// A benefit's deductible without a pool keeps a pool of the benefit's
// name: a pool one character from it is a slip too.
policy "p" {
    insutype 310
    source "s"
}
benefit 住院 {
    covers     普通住院
    deductible ¥1000 per year
    ratio      85%
}
benefit 日间 {
    covers     门诊慢特病
    deductible ¥1000 per year pool 住阮 // ### `^pool 住阮 is named here only, one character from pool 住院`
    ratio      85%
}
---
// A fund's limit too.
policy "p" {
    insutype 310
    source "s"
}
benefit 住院 {
    covers     普通住院
    ratio      85%
    cap        ¥400000 per year limit 统筹年度限额
}
benefit 门诊 {
    covers     普通门诊
    ratio      85%
    cap        ¥400000 per year limit 统筹年度限额
}
fund 大额 {
    code  330200
    ratio 80%
    cap   ¥400000 per year limit 统筹年度限頟 // ### `^limit 统筹年度限頟 is named here only, one character from limit 统筹年度限额`
}
---
// Names written once and more than one character from any other are
// totals of their own: a pharmacy limit within the yearly one, a pool per
// kind of care.
policy "p" {
    insutype 310
    source "s"
}
benefit 住院 {
    covers     普通住院
    deductible ¥1000 per year pool 住院统筹
    ratio      85%
    cap        ¥400000 per year limit 统筹年度限额
}
benefit 门诊 {
    covers     普通门诊
    deductible ¥600 per year pool 门诊统筹
    ratio      85%
    cap        ¥400000 per year limit 统筹年度限额
}
benefit 药店 {
    covers     定点药店购药
    ratio      85%
    cap        ¥3000 per year limit 药店统筹年度限额
}
---
// One kind of care covered twice, by its label and its code.
policy "p" {
    insutype 310
    source "s"
}
benefit b {
    covers 普通住院, 21 // ### `benefit b covers 普通住院 twice`
    ratio 85%
}
