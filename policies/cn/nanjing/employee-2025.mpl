// 南京市职工基本医疗保险 — 住院待遇 (2025)
//
// Figures: 住院起付线 在职 1500 / 退休 1200 / 原退休 700 元; 统筹支付比例 在职 85%,
// 退休 92%, 原退休 92%; 年度最高支付限额 460,000 元. They come from the public
// explanations of Nanjing's 2025 employee inpatient benefits, as collected in
// the project's domain notes (shared/spec/domain.md, "南京 employee inpatient 2025").
//
// Where the source is silent, this file chooses, and says so:
//   1. Provider level: the source gives one ratio per person type, so the
//      ratio here does not vary by level (一级/二级/三级 alike).
//   2. Deductible scope: the source does not say per admission or per year;
//      this file accumulates it per year (one 起付线 a year, pool 住院).
//   3. Outpatient: the source gives no outpatient pooled benefit, so 普通门诊
//      and 药店 claims are settled with the pooled fund paying 0% — the member's
//      share goes to the personal account, then cash.
//   4. 原退休 (retired before the 1990s reform) has no national code: claims
//      send the label 原退休.
//   5. No 大额/大病 fund: the source gives no figures.
//   6. Remote care (异地就医): the source gives no figures. A member filed
//      as a long-term resident elsewhere (remote_filing 长期) is settled at
//      the local ratio, as the domain notes give for filed long-term
//      residents; other care away from the insured place (临时, 转诊, 急诊,
//      未备案) is refused by benefit 异地未给 with an error row on
//      remote_filing.
policy "南京市职工基本医疗保险（2025）" {
    region    "320100"
    insutype  310
    effective 2025-01-01 to 2025-12-31
    source    "南京市职工基本医疗保险住院待遇政策解读" by "南京市医疗保障局" year 2025
    note      "provider level, deductible scope and outpatient are this file's choices; see the comment above"
}

enum psn_type {
    在职 = 1101, 1102, 1103
    退休 = 1201, 1202, 1203
    原退休
}

param 住院起付线 = match psn_type {
    在职:   ¥1500
    退休:   ¥1200
    原退休: ¥700
}

param 住院统筹比例 = match psn_type {
    在职:   85%
    退休:   92%
    原退休: 92%
}

param 年度最高支付限额 = ¥460000

// Choice 6: remote care has no figures but for a long-term filing.
benefit 异地未给 "异地就医（来源未给）" {
    covers 普通门诊, 门诊挂号, 急诊, 普通住院, 外伤住院, 转外诊治住院, 急诊转住院, 定点药店购药
    when   mdtrt_area != 本地 and remote_filing != 长期
    refuse remote_filing "南京 source gives no remote-care (异地就医) figures; only members filed as long-term residents elsewhere (长期) are settled, at the local ratio"
}

benefit 住院 "普通住院" {
    covers     普通住院, 外伤住院, 转外诊治住院, 急诊转住院
    deductible 住院起付线 per year pool 住院
    ratio      住院统筹比例
    cap        年度最高支付限额 per year limit 统筹年度限额
}

// Choice 3 above: no outpatient pooled benefit in the source.
benefit 门诊 "普通门诊与药店购药（统筹不支付）" {
    covers 普通门诊, 急诊, 门诊挂号, 定点药店购药
    ratio  0%
}
