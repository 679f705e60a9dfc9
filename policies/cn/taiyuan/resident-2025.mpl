// 太原市城乡居民基本医疗保险 — 异地就医备案人员回参保地就医 (2025)
//
// Figures (the project's domain notes, shared/spec/domain.md, "Remote care
// (异地就医)"): residents filed as long-term residents elsewhere who are
// treated back at the insured place (太原) get the local ratio lowered by
// 5 percentage points. The remote-care table (90% for emergency/referral and
// in-province temporary care) and the reading of "returning" come from
// employee-2025.mpl, which this file extends; it replaces the scheme (390),
// the person types, the local ratio and the cut.
//
// Where the source is silent, this file chooses, and says so:
//   1. Choices 1, 3, 4 and 5 of employee-2025.mpl apply here too.
//   2. The resident local ratio is not given: this file uses 70% at every
//      level for every resident — a placeholder, not a published 太原 figure.
//   3. The source gives one figure (5 points) for residents, so children,
//      students and adults share it; there is no resident "retiree".
//   4. No personal account (resident scheme); no 大病 fund (no figures).
policy "太原市城乡居民基本医疗保险异地就医（2025）" {
    region    "140100"
    insutype  390
    effective 2025-01-01 to 2025-12-31
    source    "太原市异地长期居住备案人员回参保地就医待遇政策解读" year 2025
    extends   "employee-2025.mpl"
    note      "local ratio 70% is a placeholder; cut 5 points for 长期 filed residents treated at 太原"
}

enum psn_type {
    居民 = 1401, 1402, 1403, 1404, 1405, 1501
}

// Choice 2: a placeholder, not a published figure.
param 住院统筹比例 = 70%

param 回参保地降幅 = 5%
