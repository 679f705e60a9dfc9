// 大连市城乡居民基本医疗保险 — 普通门诊统筹 (2025)
//
// Figures this file encodes: the pooled fund pays resident outpatient care
// up to 500 元 a year per member. It comes from the public explanations of
// Dalian's resident outpatient pooling, as collected in the project's domain
// notes (shared/spec/domain.md, "大连 resident outpatient: pooled payment up
// to 500 a year"). The notes do not name the issuing body or a document
// number, so the source line below names neither.
//
// Where the source is silent, this file chooses, and says so:
//   1. Deductible: the source names none, so this file has none (the pooled
//      fund pays from the first yuan in scope).
//   2. Ratio: not given. This file pays 50%, borrowed from the only
//      resident-outpatient ratio in the domain notes (北京 一老一小 50%).
//      Replace it when Dalian's figure is known.
//   3. The 500 元 limit is one yearly limit (named 门诊统筹) shared by 普通门诊,
//      门诊挂号 and 急诊; provider level changes neither ratio nor limit.
//   4. Person types: the source does not distinguish them. Both labels below
//      (学生儿童 1401–1405, 成年居民 1501) get the same benefit; they are
//      declared so that employee person types are refused.
//   5. Inpatient, 门诊慢特病, pharmacy and the 大病保险: no figures, not
//      modelled — such claims get an error row.
//   6. Residents have no personal account (account none).
//   7. Remote care (异地就医): the source gives no figures. A member filed
//      as a long-term resident elsewhere (remote_filing 长期) is settled at
//      the local ratio, as the domain notes give for filed long-term
//      residents; other care away from the insured place (临时, 转诊, 急诊,
//      未备案) is refused by benefit 异地未给 with an error row on
//      remote_filing.
policy "大连市城乡居民基本医疗保险普通门诊（2025）" {
    region    "210200"
    insutype  390
    effective 2025-01-01 to 2025-12-31
    source    "大连市城乡居民基本医疗保险普通门诊统筹待遇政策解读" year 2025
    account   none
    note      "no deductible and ratio 50% (borrowed from 北京) are this file's choices; see the comment above"
}

enum psn_type {
    学生儿童 = 1401, 1402, 1403, 1404, 1405
    成年居民 = 1501
}

param 门诊统筹年度限额 = ¥500

// Choice 2: not in the source.
param 门诊统筹比例 = 50%

// Choice 7: remote care has no figures but for a long-term filing.
benefit 异地未给 "异地就医（来源未给）" {
    covers 普通门诊, 门诊挂号, 急诊
    when   mdtrt_area != 本地 and remote_filing != 长期
    refuse remote_filing "大连 source gives no remote-care (异地就医) figures; only members filed as long-term residents elsewhere (长期) are settled, at the local ratio"
}

benefit 门诊 "普通门诊统筹" {
    covers 普通门诊, 门诊挂号, 急诊
    ratio  门诊统筹比例
    cap    门诊统筹年度限额 per year limit 门诊统筹
}
