// 营口市职工基本医疗保险 — 省内异地就医（沈阳）住院待遇 (2025)
//
// Figures: 营口 insured treated in 沈阳 (省内异地), pooled-fund ratio by filing
// type, hospital level and person type (the project's domain notes,
// shared/spec/domain.md, "Remote care (异地就医)", from the public explanation
// of 营口's in-province remote-care benefits):
//
//   临时外出 (remote_filing 临时)      居民   在职   退休
//       三级                          50%    65%    67%
//       二级                          55%    70%    72%
//       一级                          60%    73%    75%
//   转诊 / 急诊                        居民   在职   退休
//       三级                          65%    80%    85%
//       二级                          65%    80%    85%
//       一级                          70%    —      —      (see choice 2)
//
// This file is the employee scheme (310: 在职, 退休); resident-2025.mpl
// extends it with the 居民 column. The notes name no issuing body or
// document number, so the source line gives neither; its title describes
// the public explanation rather than quoting it.
//
// Where the source is silent, this file chooses, and says so:
//   1. Only care in 沈阳 is given. Local care (本地), care outside the province
//      (跨省异地), and in-province care filed 长期 or not filed (未备案) have no
//      figures here: rather than an invented ratio, such inpatient claims are
//      refused with an error row naming the source's silence — on mdtrt_area
//      for 本地 and 跨省异地 (benefit 本地跨省未给), on remote_filing for
//      省内异地 filed 长期 or 未备案 (benefit 沈阳备案未给).
//   2. 转诊/急诊 at 一级 for 在职 and 退休 is not given: this file uses the
//      二级/三级 figures, 80% and 85% (the published employee column is flat
//      across levels; the resident +5 points at 一级 is not extended to them).
//   3. Kind of care: the ratios are read as inpatient ratios (普通住院, 外伤住院,
//      转外诊治住院, 急诊转住院); outpatient and pharmacy care are not modelled:
//      such claims get the generic error row on med_type ("no benefit … covers").
//   4. Provider levels: only 一级/二级/三级 are given; 基层 and 药店 are not
//      levels of this policy, so such claims get an error row (unknown level).
//   5. No deductible (起付线), no yearly cap and no 大额 fund: the source gives
//      no figures, so the ratio applies to the whole in-scope amount.
//   6. 离休 (1300) is not a person type of this scheme here: error row.
policy "营口市职工基本医疗保险省内异地就医（2025）" {
    region    "210800"
    insutype  310
    effective 2025-01-01 to 2025-12-31
    source    "营口市参保人员省内异地（沈阳）就医报销比例政策解读" year 2025
    note      "local, cross-province, long-term and unfiled care are refused; 转诊/急诊 一级 for employees uses 80%/85%; no deductible or cap given"
}

enum psn_type {
    在职 = 1101, 1102, 1103
    退休 = 1201, 1202, 1203
}

enum medins_lv {
    一级 = 1
    二级 = 2
    三级 = 3
}

// 临时外出 (temporary travel) in 沈阳.
param 临时外出比例 = table by medins_lv, psn_type {
    三级, 在职: 65%
    三级, 退休: 67%
    二级, 在职: 70%
    二级, 退休: 72%
    一级, 在职: 73%
    一级, 退休: 75%
}

// 转诊 (referral) or 急诊 (emergency) in 沈阳; 一级 is choice 2.
param 转诊急诊比例 = table by medins_lv, psn_type {
    三级, 在职: 80%
    三级, 退休: 85%
    二级, 在职: 80%
    二级, 退休: 85%
    一级, 在职: 80%
    一级, 退休: 85%
}

// Choice 1: the source gives figures only for care in 沈阳 filed 临时, 转诊 or 急诊.
benefit 本地跨省未给 "本地及跨省异地住院（来源未给）" {
    covers 普通住院, 外伤住院, 转外诊治住院, 急诊转住院
    when   mdtrt_area in [本地, 跨省异地]
    refuse mdtrt_area "营口 source gives figures only for in-province care in 沈阳, none for local (本地) or cross-province (跨省异地) care"
}

benefit 沈阳备案未给 "省内异地长期或未备案住院（来源未给）" {
    covers 普通住院, 外伤住院, 转外诊治住院, 急诊转住院
    when   mdtrt_area == 省内异地 and remote_filing in [长期, 未备案]
    refuse remote_filing "营口 source gives in-province (沈阳) figures only for filings 临时, 转诊 and 急诊, none for 长期 or 未备案"
}

benefit 沈阳住院 "省内异地（沈阳）住院" {
    covers 普通住院, 外伤住院, 转外诊治住院, 急诊转住院
    when   mdtrt_area == 省内异地 and remote_filing in [临时, 转诊, 急诊]
    ratio  if remote_filing == 临时 then 临时外出比例 else 转诊急诊比例
}
