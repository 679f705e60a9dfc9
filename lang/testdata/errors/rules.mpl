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
---
policy "p" {
    insutype 310
    source "s"
}
benefit a { // ### `refuses its claims, so its ratio`
    covers 普通住院
    ratio 85%
    refuse "no figures"
}
benefit b {
    covers 普通门诊
    refuse medins "no figures" // ### `refuse names a claim field, not "medins"`
}
benefit c {
    covers 急诊
    refuse medins_lv "" // ### `refuse needs a reason`
}
benefit d {
    covers 门诊慢特病
    ratio 85%
    cap ¥6 per visit when medins_lv == 三级 and false // ### `this cap can never apply`
}
---
policy "p" {
    insutype 310
    source "s"
}
benefit a {
    covers 普通住院
    when medins_lv == 一级
    refuse medins_lv "level 1 is not given"
}
benefit b {
    covers 普通住院
    ratio 85%
    cap ¥6 per visit when medins_lv == 基层
}
---
// One named limit given two amounts: every cap draws on one yearly total,
// so the smaller ceiling would count the other benefit's payments too.
policy "p" {
    insutype 310
    source "s"
}
param 统筹限额 = ¥400000
param 门慢限额 = ¥6000
benefit 住院 {
    covers 普通住院
    ratio 85%
    cap 统筹限额 per year limit 统筹年度限额
}
benefit 门慢 {
    covers 门诊慢特病
    ratio 80%
    cap 门慢限额 per year limit 统筹年度限额 // ### `limit 统筹年度限额 is capped at 门慢限额 \(¥6000\) here but at 统筹限额 \(¥400000\) in benefit 住院 \(line 12\)`
}
fund 大病 {
    code 390200
    ratio 60%
    cap ¥400000 per year limit 统筹年度限额
}
---
// The same amount by name or by value, a cap of its own beside the shared
// one, and ceilings that conditions (of the caps or of their benefits) give
// to different claims.
policy "p" {
    insutype 310
    source "s"
}
param 统筹限额 = ¥400000
benefit 住院 {
    covers 普通住院
    ratio 85%
    cap 统筹限额 per year limit 统筹年度限额
    cap ¥6000 per year limit 门诊 when psn_type == 职工在职
}
benefit 门慢 {
    covers 门诊慢特病
    ratio 80%
    cap ¥400000 per year limit 统筹年度限额
    cap ¥6000 per year
    cap ¥8000 per year limit 门诊 when psn_type == 职工退休
}
benefit 在职住院 {
    covers 外伤住院
    when psn_type == 职工在职
    ratio 85%
    cap ¥460000 per year limit 外伤年度限额
}
benefit 退休住院 {
    covers 外伤住院
    when psn_type == 职工退休
    ratio 90%
    cap ¥500000 per year limit 外伤年度限额
}
---
// Two tables of equal rows under two names give a limit one amount; rows
// that differ, or one condition on both caps, do not.
policy "p" {
    insutype 310
    source "s"
}
param 住院限额 = match psn_type { 职工在职: ¥400000, default: ¥450000 }
param 门慢限额 = match psn_type { 职工在职: ¥400000, default: ¥450000 }
param 门诊限额 = match psn_type { 职工在职: ¥400000, default: ¥45000 }
benefit 住院 {
    covers 普通住院
    ratio 85%
    cap 住院限额 per year limit 统筹
    cap ¥6000 per year limit 门诊 when psn_type == 职工在职
}
benefit 门慢 {
    covers 门诊慢特病
    ratio 80%
    cap 门慢限额 per year limit 统筹
    cap ¥8000 per year limit 门诊 when psn_type == 职工在职 // ### `limit 门诊 is capped at ¥8000 for psn_type 职工在职 here but at ¥6000 in benefit 住院 \(line 14\)`
}
benefit 门诊 {
    covers 普通门诊
    ratio 80%
    cap 门诊限额 per year limit 统筹 // ### `limit 统筹 is capped at 门诊限额 \(¥45000\) for psn_type (?:职工退休|[^ ]+) here but at 住院限额 \(¥450000\) in benefit 住院 \(line 13\)`
}
---
// A yearly cap from a table, compared with the deductible row by row.
policy "p" {
    insutype 310
    source "s"
}
param 住院起付线 = match psn_type { 职工在职: ¥1500, default: ¥1200 }
param 年度限额 = match psn_type { 职工在职: ¥400000, default: ¥1000 }
param 门诊限额 = match psn_type { 职工在职: ¥1000, default: ¥400000 }
benefit 住院 {
    covers 普通住院
    deductible 住院起付线 per year
    ratio 85%
    cap 年度限额 per year // ### `benefit 住院's yearly cap 年度限额 \(¥1000\) is less than its deductible 住院起付线 \(¥1200\) for psn_type (?:职工退休|[^ ]+) \(line 11\)`
}
benefit 外伤 {
    covers 外伤住院
    deductible 住院起付线 per year
    ratio 85%
    cap 门诊限额 per year // ### `benefit 外伤's yearly cap 门诊限额 \(¥1000\) is less than its deductible 住院起付线 \(¥1500\) for psn_type 职工在职 \(line 17\)`
}
---
// Two yearly caps of one benefit or fund on one total: each would add the
// claim's payment to it, so a claim under both would count twice. Without
// a name, a benefit's caps share its own total and a fund's its code's;
// caps naming one limit share it, whatever their amounts or conditions.
policy "p" {
    insutype 310
    source "s"
}
benefit 住院 {
    covers 普通住院
    ratio 85%
    cap ¥10000 per year
    cap ¥8000 per year // ### `benefit 住院 has a second yearly cap on its own yearly total \(first at line 12\)`
}
benefit 门诊 {
    covers 普通门诊
    ratio 50%
    cap ¥3000 per year
    cap ¥500 per year when medins_lv == 三级 // ### `benefit 门诊 has a second yearly cap on its own yearly total \(first at line 18\)`
}
benefit 门慢 {
    covers 门诊慢特病
    ratio 80%
    cap ¥400000 per year limit 统筹 when psn_type == 职工在职
    cap ¥300000 per year limit 统筹 when psn_type == 职工退休 // ### `benefit 门慢 has a second yearly cap on limit 统筹 \(first at line 24\)`
    cap ¥400000 per year limit 统筹 // ### `benefit 门慢 has a second yearly cap on limit 统筹 \(first at line 24\)`
}
fund 大病 {
    code 390200
    ratio 60%
    cap ¥400000 per year
    cap ¥100000 per year when age < 18 // ### `fund 大病 has a second yearly cap on its own yearly total \(what fund type 390200 has paid\) \(first at line 31\)`
    cap ¥400000 per year limit 大病限额
    cap ¥400000 per year limit 大病限额 // ### `fund 大病 has a second yearly cap on limit 大病限额 \(first at line 33\)`
}
---
// One cap on each total: a cap of the benefit's own, a shared limit, a
// limit of its own for some claims, and caps per visit, which keep no total.
policy "p" {
    insutype 310
    source "s"
}
benefit 门诊 {
    covers 普通门诊
    ratio 50%
    cap ¥3000 per year
    cap ¥400000 per year limit 统筹
    cap ¥500 per year limit 三级门诊限额 when medins_lv == 三级
    cap ¥10 per visit
    cap ¥6 per visit when medins_lv == 基层
}
fund 大病 {
    code 390200
    ratio 60%
    cap ¥400000 per year
    cap ¥400000 per year limit 统筹
}
fund 大病补充 {
    code 390200
    ratio 10%
    cap ¥50000 per year
}
---
// A limit named after a benefit with a yearly cap without a name: the
// ledger keeps both totals under that one name. Reported once, where the
// limit is first named, in a benefit or a fund, before or after the benefit.
policy "p" {
    insutype 310
    source "s"
}
benefit 门诊 {
    covers 普通门诊
    ratio 50%
    cap ¥3000 per year limit 住院 // ### `limit 住院 has the name of benefit 住院, whose yearly cap without a name \(line 16\) keeps the benefit's own yearly total under that name too`
}
benefit 住院 {
    covers 普通住院
    ratio 85%
    cap ¥10000 per year
}
benefit 门慢 {
    covers 门诊慢特病
    ratio 80%
    cap ¥3000 per year limit 住院
    cap ¥5000 per year
}
fund 大病 {
    code 390200
    ratio 60%
    cap ¥100000 per year limit 门慢 // ### `limit 门慢 has the name of benefit 门慢, whose yearly cap without a name \(line 22\)`
}
---
// A limit may have a benefit's name when that benefit keeps no total of
// its own: its caps are per visit or name a limit (this one, here).
policy "p" {
    insutype 310
    source "s"
}
benefit 门诊 {
    covers 普通门诊
    ratio 50%
    cap ¥3000 per year limit 住院
    cap ¥10 per visit limit 门诊 // ### `a cap per visit has no yearly total to name: limit 门诊 names a yearly total`
}
benefit 住院 {
    covers 普通住院
    ratio 85%
    cap ¥3000 per year limit 住院
    cap ¥100 per visit
}
---
// The same in Chinese keywords.
policy "p" {
    insutype 310
    source "s"
}
待遇 门诊 {
    covers 普通门诊
    ratio 50%
    封顶线 ¥10 每次 限额 门诊统筹 // ### `a cap per visit has no yearly total to name: limit 门诊统筹`
    封顶线 ¥3000 每年
    封顶线 ¥2000 每年 当 medins_lv == 三级 // ### `benefit 门诊 has a second yearly cap on its own yearly total \(first at line 10\)`
}
---
// A cap whose amount does not check is still one of the benefit's caps.
policy "p" {
    insutype 310
    source "s"
}
benefit 住院 {
    covers 普通住院
    ratio 85%
    cap 5% per year // ### `a cap`
    cap ¥100 per year when medins_lv == 二级 // ### `benefit 住院 has a second yearly cap on its own yearly total \(first at line 9\)`
    cap 未知 per year when medins_lv == 三级 // ### `未知|benefit 住院 has a second yearly cap on its own yearly total \(first at line 9\)`
}
---
// Funds pay in file order, each out of what the ones before leave: one
// the national order pays first must come first.
policy "p" {
    insutype 390
    source "s"
}
benefit b {
    covers 普通住院
    ratio 50%
}
fund 救助 {
    code 610100
    ratio 50%
}
fund 大病 { // ### `fund 大病 \(390200, serious illness \(大病\)\) pays before fund 救助 \(610100, medical assistance \(医疗救助\)\), so it comes first in the file`
    code 390200
    ratio 60%
}
