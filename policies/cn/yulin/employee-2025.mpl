// 榆林市（陕西省）职工基本医疗保险 — 定点零售药店购药统筹 (2025)
//
// Figures: the pooled fund's yearly limit for purchases at designated retail
// pharmacies (定点零售药店): employed (在职) 1,500 元, retired (退休) 1,800 元 a
// year. They come from the public explanation of 榆林's employee outpatient
// mutual-aid (门诊共济) pharmacy benefit, as collected in the project's domain
// notes (shared/spec/domain.md, "榆林 pharmacy pooled limit"). The notes name
// neither the issuing body nor a document number: this file cites no issuer.
//
// Where the source is silent, this file chooses, and says so:
//   1. Ratio: the source gives only the limit; the pooled fund here pays 50%
//      of the in-scope amount, for employed and retired alike.
//   2. Deductible (起付线): not given; none.
//   3. The limit is one yearly total per member for pharmacy purchases
//      (limit 药店统筹年度限额), counted in the pooled fund's payments; a
//      member's type is read from each claim, so the limit that applies is the
//      claim's own (1500 or 1800) less what the year has already paid.
//   4. Other kinds of care (inpatient, outpatient): not given; such claims get
//      an error row. The member's share is paid from the personal account,
//      then cash (account all, the employee default).
//   5. Person types: 在职 = 1101, 1102, 1103; 退休 = 1201, 1202, 1203; 离休
//      (1300) is not given and gets an error row.
//   6. Remote care (异地就医): the source gives no figures. A member filed
//      as a long-term resident elsewhere (remote_filing 长期) is settled at
//      the local ratio, as the domain notes give for filed long-term
//      residents; other care away from the insured place (临时, 转诊, 急诊,
//      未备案) is refused by benefit 异地未给 with an error row on
//      remote_filing.
policy "榆林市职工基本医疗保险定点零售药店购药（2025）" {
    region    "610800"
    insutype  310
    effective 2025-01-01 to 2025-12-31
    source    "榆林市职工医保定点零售药店门诊统筹政策公开解读" year 2025
    account   all
    note      "ratio 50% and no deductible are this file's choices; only pharmacy purchases are modelled; see the comment above"
}

enum psn_type {
    在职 = 1101, 1102, 1103
    退休 = 1201, 1202, 1203
}

// Choice 1: the ratio is not in the source.
param 药店统筹比例 = 50%

param 药店年度限额 = match psn_type {
    在职: ¥1500
    退休: ¥1800
}

// Choice 6: remote care has no figures but for a long-term filing.
benefit 异地未给 "异地就医（来源未给）" {
    covers 定点药店购药
    when   mdtrt_area != 本地 and remote_filing != 长期
    refuse remote_filing "榆林 source gives no remote-care (异地就医) figures; only members filed as long-term residents elsewhere (长期) are settled, at the local ratio"
}

benefit 药店 "定点零售药店购药（门诊统筹）" {
    covers 定点药店购药
    ratio  药店统筹比例
    cap    药店年度限额 per year limit 药店统筹年度限额
}
