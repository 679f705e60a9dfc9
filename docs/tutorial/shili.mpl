// 示例市城乡居民基本医疗保险 — 住院与大病保险待遇 (2025)
//
// THIS IS A TUTORIAL EXAMPLE. 示例市 is not a real city, and the notice this
// file implements is an example text written for docs/tutorial.md; its
// figures are illustrative, not any region's policy.
//
// Figures, from the notice:
//   住院起付线 (per admission): 一级 200, 二级 500, 三级 800 元; the second and
//     later admissions in a year: half (第二次及以后住院起付线减半).
//   住院报销比例 (in scope, above the deductible):
//                 学生儿童   成年居民
//       一级         90%       85%
//       二级         80%       75%
//       三级         65%       60%
//   转外诊治住院 (referred out of the city): 10 points lower.
//   统筹基金年度最高支付限额: 200,000 元.
//   大病保险: yearly in-scope inpatient out-of-pocket above 15,000 元:
//     15,000–50,000 at 60%, 50,000–100,000 at 70%, above 100,000 at 80%;
//     at most 400,000 元 a year.
//
// Where the notice is silent or open to reading, this file chooses, and says so:
//   1. Levels: "一级及以下" is read as 一级 and 基层 (community and township
//      providers), so claims sending 基层 are settled as 一级. A pharmacy is
//      not a level of this policy: such claims get an error row.
//   2. Outpatient and pharmacy care: the notice is about inpatient care only,
//      so such claims get the error row "no benefit … covers".
//   3. 大病保险 "个人负担的政策范围内住院医疗费用" is read as the member's yearly
//      in-scope out-of-pocket (in scope less the pooled fund, the deductible
//      included) of inpatient care only (`base oop`, `applies 住院`).
//   4. "转往市外住院（转外诊治）" is read as med_type 转外诊治住院 (23).
policy "示例市城乡居民基本医疗保险住院待遇（2025，教程示例）" {
    region    "999901"
    insutype  390
    effective 2025-01-01 to 2025-12-31
    source    "示例市医疗保障局关于2025年城乡居民基本医疗保险住院待遇的通知（教程示例）" by "示例市医疗保障局" number "示医保发〔2025〕8号" year 2025
    account   none
    note      "a tutorial example: the city and its notice are fictional"
}

// 一、适用于参加本市城乡居民基本医疗保险的学生儿童和成年居民。
enum psn_type {
    学生儿童 = 1401, 1402, 1403, 1404, 1405
    成年居民 = 1501
}

// "一级及以下" covers 基层 too (choice 1).
enum medins_lv {
    一级 = 1, "基层"
    二级 = 2
    三级 = 3
}

// 二、住院起付线：一级及以下200元，二级500元，三级800元。
param 住院起付线 = match medins_lv {
    一级: ¥200
    二级: ¥500
    三级: ¥800
}

// 三、住院报销比例。
param 住院报销比例 = table by medins_lv, psn_type {
    一级, 学生儿童: 90%
    一级, 成年居民: 85%
    二级, 学生儿童: 80%
    二级, 成年居民: 75%
    三级, 学生儿童: 65%
    三级, 成年居民: 60%
}

// 转外诊治的，报销比例降低10个百分点 (choice 4).
param 转外降幅 = 10%

// 四、统筹基金年度最高支付限额为20万元。
param 统筹年度限额 = ¥200000

benefit 住院 "住院" {
    covers     普通住院, 外伤住院, 转外诊治住院, 急诊转住院
    deductible 住院起付线 per admission schedule [100%, 50%] // 第二次及以后住院的，起付线减半
    ratio      住院报销比例
    adjust     - 转外降幅 when med_type == 转外诊治住院
    cap        统筹年度限额 per year
}

// 五、大病保险 (choice 3).
fund 大病保险 "城乡居民大病保险" {
    code    390200
    applies 住院
    base    oop
    ratio   bands { 15000..50000: 60%, 50000..100000: 70%, 100000..: 80% }
    cap     ¥400000 per year
}
