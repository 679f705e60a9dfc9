// 北京市城乡居民基本医疗保险 — "一老一小"门诊待遇 (2025)
//
// Figures this file encodes: for 一老一小 residents (students and children,
// and the elderly) the pooled fund pays 50% of outpatient costs in scope
// above the deductible. It comes from the public explanations of Beijing's
// resident scheme, as collected in the project's domain notes
// (shared/spec/domain.md, "北京 resident (一老一小) outpatient above the
// deductible: 50%"). The notes do not name the issuing body or a document
// number, so the source line below names neither.
//
// Documented facts that are not settlement rules: Beijing's 2025 yearly
// personal contributions are 405 元 for students and children, 750 元 for
// working-age residents and 430 元 for the elderly (domain.md, "Two
// schemes"). Contributions are not settled here.
//
// Person types, and how 一老 / 一小 map to codes:
//   一小 = 学生儿童: the national codes 1401–1405 (新生儿, 学龄前儿童, 中小学生,
//          大学生, 未成年未入学).
//   一老 = 老年居民: there is no national code for an elderly resident (1501
//          普通居民 covers every adult), and the source gives no age
//          threshold, so claims send the label 老年居民.
//   劳动年龄居民 = 1501: an adult sent as 1501 is taken as working-age.
//
// Where the source is silent, this file chooses, and says so:
//   1. Deductible amount: the source says "above the deductible" but gives no
//      figure. This file uses 300 元 a year, borrowed from the only resident
//      outpatient deductible in the domain notes (南京 学生儿童), the same for
//      一老 and 一小. Replace it when Beijing's figure is known.
//   2. Deductible scope: one 起付线 a year (pool 门诊), shared by 普通门诊,
//      门诊挂号 and 急诊; provider level does not change it or the ratio.
//   3. No yearly outpatient limit is given, so none is applied.
//   4. Working-age residents (劳动年龄居民): the source gives no outpatient
//      figures: benefit 劳动年龄门诊未给 refuses their outpatient claims with
//      an error row on psn_type naming the source's silence.
//   5. Inpatient, 门诊慢特病, pharmacy and the 大病保险: no figures, not
//      modelled — such claims get the generic error row on med_type ("no
//      benefit … covers").
//   6. Residents have no personal account (account none).
//   7. Remote care (异地就医): the source gives no figures. A member filed
//      as a long-term resident elsewhere (remote_filing 长期) is settled at
//      the local ratio, as the domain notes give for filed long-term
//      residents; other care away from the insured place (临时, 转诊, 急诊,
//      未备案) is refused by benefit 异地未给 with an error row on
//      remote_filing.
policy "北京市城乡居民基本医疗保险一老一小门诊（2025）" {
    region    "110000"
    insutype  390
    effective 2025-01-01 to 2025-12-31
    source    "北京市城乡居民基本医疗保险“一老一小”门诊待遇政策解读" year 2025
    account   none
    note      "deductible 300 a year (borrowed from 南京), working-age refused, inpatient not modelled; see the comment above"
}

enum psn_type {
    学生儿童 = 1401, 1402, 1403, 1404, 1405 // 一小
    老年居民                                // 一老: no national code
    劳动年龄居民 = 1501
}

// Choice 1: not in the source.
param 门诊起付线 = ¥300

param 一老一小门诊比例 = 50%

// Choice 7: remote care has no figures but for a long-term filing.
benefit 异地未给 "异地就医（来源未给）" {
    covers 普通门诊, 门诊挂号, 急诊
    when   mdtrt_area != 本地 and remote_filing != 长期
    refuse remote_filing "北京 source gives no remote-care (异地就医) figures; only members filed as long-term residents elsewhere (长期) are settled, at the local ratio"
}

// Choice 4.
benefit 劳动年龄门诊未给 "劳动年龄居民普通门诊（来源未给）" {
    covers 普通门诊, 门诊挂号, 急诊
    when   psn_type == 劳动年龄居民
    refuse psn_type "北京 source gives outpatient figures only for 一老一小 (students, children and the elderly), none for working-age residents (劳动年龄居民)"
}

benefit 一老一小门诊 "一老一小普通门诊" {
    covers     普通门诊, 门诊挂号, 急诊
    when       psn_type in [学生儿童, 老年居民]
    deductible 门诊起付线 per year pool 门诊
    ratio      一老一小门诊比例
}
