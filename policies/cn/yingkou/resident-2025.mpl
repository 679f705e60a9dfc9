// 营口市城乡居民基本医疗保险 — 省内异地就医（沈阳）住院待遇 (2025)
//
// Figures: the 居民 column of 营口's in-province remote-care table (the
// project's domain notes, shared/spec/domain.md, "Remote care (异地就医)"):
//   临时外出: 三级 50%, 二级 55%, 一级 60%.
//   转诊 / 急诊: 三级 65%, 二级 65%, 一级 70%.
// Everything else — which claims are settled at all, the kinds of care, the
// provider levels — comes from employee-2025.mpl, which this file extends;
// it replaces the scheme (390), the person types and the two ratio tables.
//
// Where the source is silent, this file chooses, and says so:
//   1. Choices 1, 3, 4 and 5 of employee-2025.mpl apply here too: only
//      in-province (沈阳) care filed 临时/转诊/急诊 settles; local,
//      cross-province, 长期 and 未备案 inpatient care are refused (error row on
//      mdtrt_area or remote_filing naming the source's silence); inpatient only;
//      levels 一级/二级/三级 only; no deductible, cap or 大病 fund given.
//   2. The source gives one 居民 column, so all resident person types
//      (children, students, adults) share it.
//   3. No personal account (resident scheme): the member's share is cash.
policy "营口市城乡居民基本医疗保险省内异地就医（2025）" {
    region    "210800"
    insutype  390
    effective 2025-01-01 to 2025-12-31
    source    "营口市参保人员省内异地（沈阳）就医报销比例政策解读" year 2025
    extends   "employee-2025.mpl"
    note      "resident column only; choices as in employee-2025.mpl"
}

enum psn_type {
    居民 = 1401, 1402, 1403, 1404, 1405, 1501
}

param 临时外出比例 = match medins_lv {
    三级: 50%
    二级: 55%
    一级: 60%
}

param 转诊急诊比例 = match medins_lv {
    三级: 65%
    二级: 65%
    一级: 70%
}
