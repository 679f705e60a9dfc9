// 福建省新型农村合作医疗 — 门诊、住院与大病保险待遇 (2025)
//
// Figures: 门诊统筹支付比例 村卫生室 60% (处方限额 10 元/次), 乡镇卫生院 40%,
// 二级 30%, 三级 20%; 住院统筹支付比例 乡镇卫生院 60%, 二级 40%, 三级 30%;
// 大病保险 on the yearly cost above 5000 元: 5001–10000 元 65%, 10001–18000 元
// 70%. They come from the public explanations of Fujian's rural cooperative
// medical scheme (新农合), as collected in the project's domain notes
// (shared/spec/domain.md, "福建 rural cooperative scheme"); the year is this
// file's (the domain notes date their sources 2023–2025). The notes name no
// issuing body, so the source line gives none (新农合 was run by the health
// departments, before the 医疗保障局 existed, so naming the bureau would be a
// guess); no document number is cited because none was published with the
// figures.
//
// Where the source is silent or open to reading, this file chooses, and says so:
//   1. Scheme: insutype 380 (新型农村合作医疗), the scheme the figures are
//      published for, not 390 (城乡居民基本医疗保险, which replaced 新农合): 390
//      claims get an error row. A region settling these figures under 390
//      writes a child file: extends "rural-2025.mpl" with `insutype 390`.
//   2. Levels: claims send the label 村卫生室 for a village clinic; 乡镇卫生院 is
//      also reached by code 1 / 一级 and by 基层 (新农合's tiers are village,
//      township, county (二级), above county (三级); a level-1 provider sits at
//      the township tier). Pharmacies (药店) are not a level here: error row.
//   3. The 10-yuan prescription limit: as the domain notes list it (under the
//      pooled fund's caps), the most the fund pays for a village-clinic visit:
//      60% of it, at most 10 元 (`cap … per visit when medins_lv == 村卫生室`).
//      The whole visit stays in scope, so the member's part counts toward
//      大病. Claims above 10 元 are settled, not refused.
//   4. Deductibles and yearly pooled caps: not given; none applied.
//   5. Inpatient care at a village clinic: not given (no beds): benefit
//      住院未给 refuses it with an error row on medins_lv naming the source's
//      silence. (A pharmacy is not a level at all: choice 2.)
//   6. 门诊慢特病, 药店 and other kinds of care: not given and not modelled: the
//      generic error row on med_type ("no benefit … covers").
//   7. 大病保险 "yearly cost": read as the member's yearly in-scope
//      out-of-pocket (符合政策范围 less the pooled fund, all benefits, summed over
//      the year: `base oop`), not the total bill. "5001–10000" and
//      "10001–18000" are read in whole yuan: above 5000 up to 10000, above 10000
//      up to 18000 (bands 5000..10000 and 10000..18000), so the first fen above
//      5000.00 is paid at 65%, the first above 10000.00 at 70%. Nothing is paid
//      on the part above 18000: the fund pays at most 5000 × 65% + 8000 × 70% =
//      8850 元 a year.
//   8. Person types: the national table; the ratios do not vary by person type.
//   9. Remote care (异地就医): the source gives no figures. A member filed
//      as a long-term resident elsewhere (remote_filing 长期) is settled at
//      the local ratio, as the domain notes give for filed long-term
//      residents; other care away from the insured place (临时, 转诊, 急诊,
//      未备案) is refused by benefit 异地未给 with an error row on
//      remote_filing.
//
// No `extends` with employee-2025.mpl: the two files share no figure, label or
// rule — different schemes (310 / 380), person types and level labels, no
// deductible here, a 大病 fund only here; only the region code is common.
policy "福建省新型农村合作医疗（2025）" {
    region    "350000"
    insutype  380
    effective 2025-01-01 to 2025-12-31
    source    "福建省新型农村合作医疗补偿政策解读" year 2025
    note      "insutype 380, the level labels, the reading of the 10-yuan limit and of the 大病 bands are this file's choices; see the comment above"
}

// Choice 2.
enum medins_lv {
    村卫生室
    乡镇卫生院 = 1, "基层"
    二级       = 2
    三级       = 3
}

param 村卫生室门诊比例 = 60%
param 村卫生室处方限额 = ¥10

param 门诊比例 = match medins_lv {
    乡镇卫生院: 40%
    二级:       30%
    三级:       20%
    村卫生室:   村卫生室门诊比例
}

param 住院比例 = match medins_lv {
    乡镇卫生院: 60%
    二级:       40%
    三级:       30%
    村卫生室:   0% // unreachable: 住院未给 refuses village clinics (choice 5); the checker wants the table whole
}

// Choice 9: remote care has no figures but for a long-term filing.
benefit 异地未给 "异地就医（来源未给）" {
    covers 普通门诊, 门诊挂号, 急诊, 普通住院, 外伤住院, 转外诊治住院, 急诊转住院
    when   mdtrt_area != 本地 and remote_filing != 长期
    refuse remote_filing "福建 source gives no remote-care (异地就医) figures; only members filed as long-term residents elsewhere (长期) are settled, at the local ratio"
}

// Choice 3: at a village clinic the fund pays at most the 10-yuan
// prescription limit a visit.
benefit 门诊 "门诊" {
    covers 普通门诊, 门诊挂号, 急诊
    ratio  门诊比例
    cap    村卫生室处方限额 per visit when medins_lv == 村卫生室
}

// Choice 5.
benefit 住院未给 "村卫生室住院（来源未给）" {
    covers 普通住院, 外伤住院, 转外诊治住院, 急诊转住院
    when   medins_lv == 村卫生室
    refuse medins_lv "福建 source gives no inpatient ratio at a village clinic (村卫生室)"
}

benefit 住院 "住院" {
    covers 普通住院, 外伤住院, 转外诊治住院, 急诊转住院
    when   medins_lv != 村卫生室
    ratio  住院比例
}

// Choice 7.
fund 大病保险 "新农合大病保险" {
    code  390200
    base  oop
    ratio bands { 5000..10000: 65%, 10000..18000: 70% }
}
