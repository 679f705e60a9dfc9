// 上海市城乡居民基本医疗保险 — 大病保险（二次报销）(2025)
//
// Figures: serious-illness insurance (大病保险, "second reimbursement") on the
// member's yearly in-scope out-of-pocket, with its own yearly cap of 180,000
// 元. It comes from the public explanation of 上海's resident serious-illness
// insurance, as collected in the project's domain notes (shared/spec/domain.md,
// "The order of a settlement", step 6: "with its own cap (上海: up to
// 180,000)"). The notes name neither the issuing body nor a document number:
// this file cites no issuer.
//
// Where the source is silent, this file chooses, and says so:
//   1. Threshold: not given for 上海; this file uses 10,000 元, the example
//      threshold the notes give (天津's), as a visible stand-in.
//   2. 大病 ratio: not given ("others 60–65%"); this file pays 60%, the low
//      end, on every yuan of the yearly out-of-pocket above the threshold.
//   3. Basic pooled fund: the source gives no basic rules. To have an
//      out-of-pocket to reimburse, this file keeps one minimal, visibly
//      invented rule: inpatient (21–24) at 50% of the in-scope amount, no
//      deductible, no yearly cap, the same for every person type and level.
//   4. "Out-of-pocket" (base oop) is the in-scope amount less the pooled
//      fund, summed over the year; 全自费, 超限价 and 先行自付 do not count.
//      It keeps counting after the 大病 cap is reached.
//   5. Outpatient and other kinds of care: not given; such claims get an
//      error row.
//   6. No personal account (resident scheme): the member's share is cash.
//   7. Remote care (异地就医): the source gives no figures. A member filed
//      as a long-term resident elsewhere (remote_filing 长期) is settled at
//      the local ratio, as the domain notes give for filed long-term
//      residents; other care away from the insured place (临时, 转诊, 急诊,
//      未备案) is refused by benefit 异地未给 with an error row on
//      remote_filing.
//
// Why this file does not `extends` 天津's (../tianjin/resident-2025.mpl): 上海
// is not part of 天津 and inherits none of its rules. The two files look alike
// only because both fill the same gaps with the same visible choices; an
// `extends` would present 天津's published threshold as 上海's and let a later
// correction of 天津 silently change 上海. A shared base would hold nothing
// published, only choices, so each file states its own.
policy "上海市城乡居民基本医疗保险大病保险（2025）" {
    region    "310000"
    insutype  390
    effective 2025-01-01 to 2025-12-31
    source    "上海市城乡居民大病保险政策公开解读" year 2025
    account   none
    note      "threshold 10,000, 大病 ratio 60% and the basic pooled rule (inpatient 50%, no deductible) are this file's choices; see the comment above"
}

// Choice 3: the basic pooled rule is not in the source.
param 住院统筹比例 = 50%

// Choice 7: remote care has no figures but for a long-term filing.
benefit 异地未给 "异地就医（来源未给）" {
    covers 普通住院, 外伤住院, 转外诊治住院, 急诊转住院
    when   mdtrt_area != 本地 and remote_filing != 长期
    refuse remote_filing "上海 source gives no remote-care (异地就医) figures; only members filed as long-term residents elsewhere (长期) are settled, at the local ratio"
}

benefit 住院 "住院（基本统筹，本文件所设）" {
    covers 普通住院, 外伤住院, 转外诊治住院, 急诊转住院
    ratio  住院统筹比例
}

// Threshold 10,000 is choice 1, 60% choice 2; the cap is the source's.
param 大病分段     = bands { 10000..: 60% }
param 大病年度限额 = ¥180000

fund 大病保险 "城乡居民大病保险（二次报销）" {
    code  390200
    base  oop
    ratio 大病分段
    cap   大病年度限额 per year
}
