// 福建省职工基本医疗保险 — 门诊与住院待遇 (2025)
//
// Figures: 普通门诊起付线 600 元 a year, "与门诊特殊病种合并累计" — one deductible
// for ordinary outpatient care and special outpatient diseases (门诊慢特病);
// 普通门诊统筹支付比例 在职 75%, 退休 80%, +10 percentage points at primary-care
// providers (基层); 门诊特殊病种 88% at 三级甲等 hospitals, 94% at community
// providers (基层); 住院起付线 600 元 at level 2 and above. They come from the
// public explanations of Fujian's 2025 employee medical-insurance benefits, as
// collected in the project's domain notes (shared/spec/domain.md, "福建 employee
// 2025"). The issuing body is given here as 福建省医疗保障局, the provincial
// bureau; no document number is cited because none was published with the
// figures.
//
// Where the source is silent, this file chooses, and says so:
//   1. 三级甲等: the national level table has no grade. Claims send the label
//      三级甲等 for a grade-A level-3 hospital; code 3 / 三级 is any other level-3
//      hospital (or one whose grade the HIS does not send).
//   2. Special outpatient diseases at 三级 (not 甲等), 二级, 一级 and 药店: not
//      given. This file pays 88%, the 三级甲等 figure, everywhere except 基层
//      (94%); no provider gets more than a published figure. The ratio does not
//      vary by person type (the source gives one figure per level).
//   3. 基层 is its own label (community health centres, township health centres),
//      apart from 一级; the +10 points apply only to claims that send 基层.
//   4. Inpatient deductible at 一级 and 基层: not given. This file charges the same
//      600 元 at every level, the only published figure.
//   5. Inpatient deductible scope: not given. This file charges it per admission
//      (the common reading of 住院起付线), in its own pool, apart from the
//      outpatient deductible.
//   6. Inpatient ratio: not given. This file uses the ordinary outpatient ratios
//      by person type (在职 75%, 退休 80%) at every level, without the 基层 bonus —
//      a placeholder taken from a published figure, not Fujian's inpatient rate.
//   7. Yearly pooled caps (outpatient and inpatient): not given; none applied.
//      No 大额/大病 fund: no figures given.
//   8. Pharmacy purchases (定点药店购药): not given; the pooled fund pays 0%, so
//      the personal account (then cash) pays.
//   9. Person types: 在职 = 1101–1103, 退休 = 1201–1203. 离休 (1300) is another
//      scheme (340); such claims get an error row.
//  10. Special-disease list (dise_code): not given; every 门诊慢特病 claim is
//      taken as certified by the HIS.
//  11. Remote care (异地就医): the source gives no figures. A member filed
//      as a long-term resident elsewhere (remote_filing 长期) is settled at
//      the local ratio, as the domain notes give for filed long-term
//      residents; other care away from the insured place (临时, 转诊, 急诊,
//      未备案) is refused by benefit 异地未给 with an error row on
//      remote_filing.
policy "福建省职工基本医疗保险（2025）" {
    region    "350000"
    insutype  310
    effective 2025-01-01 to 2025-12-31
    source    "福建省职工基本医疗保险门诊及住院待遇政策解读" by "福建省医疗保障局" year 2025
    note      "special-disease ratio below 三甲, inpatient ratio, inpatient deductible at level 1/基层 and its scope are this file's choices; see the comment above"
}

enum psn_type {
    在职 = 1101, 1102, 1103
    退休 = 1201, 1202, 1203
}

// Choice 1 and 3: claims send 三级甲等 and 基层 as labels.
enum medins_lv {
    三级甲等
    三级 = 3
    二级 = 2
    一级 = 1
    基层
    药店
}

// One deductible a year, shared by 普通门诊 and 门诊慢特病 (pool 门诊).
param 门诊起付线 = ¥600

param 普通门诊比例 = match psn_type {
    在职: 75%
    退休: 80%
}

param 基层加成 = 10%

param 门诊慢特病比例 = match medins_lv {
    三级甲等: 88%
    基层:     94%
    default:  88% // choice 2: 三级, 二级, 一级, 药店 not given
}

param 住院起付线 = match medins_lv {
    三级甲等 | 三级 | 二级: ¥600
    default:                ¥600 // choice 4: 一级, 基层 not given
}

// Choice 6: placeholder, the ordinary outpatient ratios.
param 住院统筹比例 = match psn_type {
    在职: 75%
    退休: 80%
}

// Choice 11: remote care has no figures but for a long-term filing.
benefit 异地未给 "异地就医（来源未给）" {
    covers 普通门诊, 门诊挂号, 急诊, 门诊慢特病, 普通住院, 外伤住院, 转外诊治住院, 急诊转住院, 定点药店购药
    when   mdtrt_area != 本地 and remote_filing != 长期
    refuse remote_filing "福建 source gives no remote-care (异地就医) figures; only members filed as long-term residents elsewhere (长期) are settled, at the local ratio"
}

benefit 普通门诊 "普通门诊统筹" {
    covers     普通门诊, 门诊挂号, 急诊
    deductible 门诊起付线 per year pool 门诊
    ratio      普通门诊比例
    adjust     + 基层加成 when medins_lv == 基层
}

benefit 门诊慢特病 "门诊特殊病种" {
    covers     门诊慢特病
    deductible 门诊起付线 per year pool 门诊
    ratio      门诊慢特病比例
}

benefit 住院 "普通住院" {
    covers     普通住院, 外伤住院, 转外诊治住院, 急诊转住院
    deductible 住院起付线 per admission pool 住院
    ratio      住院统筹比例
}

// Choice 8.
benefit 药店 "定点药店购药（统筹不支付）" {
    covers 定点药店购药
    ratio  0%
}
