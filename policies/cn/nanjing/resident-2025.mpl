// 南京市城乡居民基本医疗保险 — 学生儿童门诊待遇 (2025)
//
// Figures this file encodes: 学生儿童 (national person types 1401–1405) pay an
// outpatient 起付线 of 300 元. It comes from the public explanations of
// Nanjing's 2025 benefits, as collected in the project's domain notes
// (shared/spec/domain.md, "南京 … Children/students outpatient deductible
// 300"). The notes do not name the issuing body or a document number, so
// the source line below names neither.
//
// A documented fact that is not a settlement rule: in 2025 a Nanjing child
// pays a contribution of 390 元 a year and the government adds a subsidy of
// 1200 元 (domain.md, "Two schemes"). Contributions are not settled here.
//
// Where the source is silent, this file chooses, and says so:
//   1. Ratio: not given. This file pays 50% above the deductible, borrowed
//      from the only resident-outpatient ratio in the domain notes (北京
//      一老一小 50%). Replace it when Nanjing's figure is known.
//   2. Deductible scope: taken as one 起付线 a year (pool 门诊), shared by
//      普通门诊, 门诊挂号 and 急诊; provider level does not change it.
//   3. Provider level: one ratio at every level.
//   4. No yearly outpatient limit is given, so none is applied.
//   5. Adult residents (成年居民, 1501): the source gives no figures. The
//      label is declared so such claims are recognised; an outpatient claim
//      of theirs is refused by benefit 成年居民门诊未给 with an error row on
//      psn_type naming the source's silence.
//   6. Inpatient, 门诊慢特病, pharmacy and the 大病保险: no figures, not
//      modelled — such claims get the generic error row on med_type ("no
//      benefit … covers").
//   7. Residents have no personal account (account none): the member's share
//      is paid in cash.
//   8. Remote care (异地就医): the source gives no figures. A member filed
//      as a long-term resident elsewhere (remote_filing 长期) is settled at
//      the local ratio, as the domain notes give for filed long-term
//      residents; other care away from the insured place (临时, 转诊, 急诊,
//      未备案) is refused by benefit 异地未给 with an error row on
//      remote_filing.
policy "南京市城乡居民基本医疗保险学生儿童门诊（2025）" {
    region    "320100"
    insutype  390
    effective 2025-01-01 to 2025-12-31
    source    "南京市城乡居民基本医疗保险学生儿童门诊待遇政策解读" year 2025
    account   none
    note      "ratio 50% borrowed from 北京, deductible per year, adults refused, inpatient not modelled; see the comment above"
}

enum psn_type {
    学生儿童 = 1401, 1402, 1403, 1404, 1405
    成年居民 = 1501
}

param 学生儿童门诊起付线 = ¥300

// Choice 1: not in the source.
param 门诊统筹比例 = 50%

// Choice 8: remote care has no figures but for a long-term filing.
benefit 异地未给 "异地就医（来源未给）" {
    covers 普通门诊, 门诊挂号, 急诊
    when   mdtrt_area != 本地 and remote_filing != 长期
    refuse remote_filing "南京 source gives no remote-care (异地就医) figures; only members filed as long-term residents elsewhere (长期) are settled, at the local ratio"
}

// Choice 5.
benefit 成年居民门诊未给 "成年居民普通门诊（来源未给）" {
    covers 普通门诊, 门诊挂号, 急诊
    when   psn_type == 成年居民
    refuse psn_type "南京 source gives outpatient figures only for students and children (学生儿童), none for adult residents (成年居民)"
}

benefit 学生儿童门诊 "学生儿童普通门诊" {
    covers     普通门诊, 门诊挂号, 急诊
    when       psn_type == 学生儿童
    deductible 学生儿童门诊起付线 per year pool 门诊
    ratio      门诊统筹比例
}
