// 太原市职工基本医疗保险 — 异地就医备案人员回参保地就医 (2025)
//
// Figures (the project's domain notes, shared/spec/domain.md, "Remote care
// (异地就医)", from the public explanation of 太原's remote-care rules):
//   - members filed as long-term residents elsewhere (异地长期居住备案) who are
//     treated back at the insured place (太原) get the local ratio lowered by
//     5 percentage points (在职), 2 points (退休); residents 5 points
//     (resident-2025.mpl).
//   - emergency and referral care away from the insured place: 90% of the
//     local ratio; temporary travel within the province: 90% of the local
//     ratio. These two come from the notes' general remote-care paragraph,
//     which gives them as an example ("e.g.") and not as a 太原 text; this
//     file applies them to 太原 and says so.
// The notes name no issuing body or document number, so the source line
// gives neither; its title describes the public explanation.
//
// This file is the employee scheme (310); resident-2025.mpl extends it.
//
// Where the source is silent, this file chooses, and says so:
//   1. "Returning to the insured place" is read as a claim with mdtrt_area
//      本地 and remote_filing 长期 (the member's filing is still in force).
//   2. The local ratio itself is not given: this file uses 在职 85%, 退休 90%
//      at every level — placeholders, not published 太原 figures. Replace
//      them (param 住院统筹比例) when the local text is encoded.
//   3. Long-term filed members treated at the filed place get "the local
//      ratio at the filed place"; that place's ratio is not known here, so
//      this file uses 太原's (× 100%). Cross-province temporary care
//      (跨省异地 临时) and care away from home with no filing (未备案) have no
//      figure: benefit 异地未给 refuses them with an error row on
//      remote_filing, since the local ratio (× 100%) would pay them more than
//      filed emergency and referral care gets (× 90%).
//   4. Kind of care: the rules are read as inpatient rules (普通住院, 外伤住院,
//      转外诊治住院, 急诊转住院); outpatient claims get an error row.
//   5. No deductible, no yearly cap, no 大额 fund: the source gives no figures.
//   6. 离休 (1300) is not a person type here: error row.
policy "太原市职工基本医疗保险异地就医（2025）" {
    region    "140100"
    insutype  310
    effective 2025-01-01 to 2025-12-31
    source    "太原市异地长期居住备案人员回参保地就医待遇政策解读" year 2025
    note      "local ratios 85%/90% are placeholders; 长期 + 本地 is 'returning'; 90% remote rows from the general notes"
}

enum psn_type {
    在职 = 1101, 1102, 1103
    退休 = 1201, 1202, 1203
}

// Choice 2: placeholders, not published figures.
param 住院统筹比例 = match psn_type {
    在职: 85%
    退休: 90%
}

// 长期 filed members back at the insured place: points off the local ratio.
param 回参保地降幅 = match psn_type {
    在职: 5%
    退休: 2%
}

// Choice 3: no figure for cross-province temporary care or for no filing.
benefit 异地未给 "跨省临时外出或未备案住院（来源未给）" {
    covers 普通住院, 外伤住院, 转外诊治住院, 急诊转住院
    when   mdtrt_area != 本地 and (remote_filing == 未备案 or mdtrt_area == 跨省异地 and remote_filing == 临时)
    refuse remote_filing "太原 source gives no remote-care figure for care away from home with no filing (未备案) or for cross-province temporary care (跨省异地 临时)"
}

benefit 住院 "住院" {
    covers 普通住院, 外伤住院, 转外诊治住院, 急诊转住院
    ratio  住院统筹比例
    remote by mdtrt_area, remote_filing {
        本地, 长期:                       - 回参保地降幅
        省内异地 | 跨省异地, 转诊 | 急诊: × 90%
        省内异地, 临时:                   × 90%
        default:                          × 100% // 长期 filed members at the filed place (choice 3)
    }
}
