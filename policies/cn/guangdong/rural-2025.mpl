// 广东省农村居民（原新农合）医疗保险 — 住院补偿 (2025)
//
// Figures: inpatient at county-level (县级) and level-2 (二级) hospitals by
// amount bands — up to 500 元 at 25%, 500–10,000 元 at 65%, above 10,000 元
// at 50%, applied progressively like tax brackets; village clinic (村卫生站)
// "about 60%"; township health centre (乡镇卫生院) "about 40%". They come from
// the public explanation of Guangdong's rural scheme inpatient benefits, as
// collected in the project's domain notes (shared/spec/domain.md, "广东 rural
// scheme inpatient"). The notes name neither the issuing body nor a document
// number, and do not date the explanation: this file takes the year 2025
// from its name and cites no issuer.
//
// Where the source is silent, this file chooses, and says so:
//   1. Scheme: the rural cooperative scheme (新农合) has merged into the
//      resident scheme, so this file settles insutype 390 (城乡居民基本医疗保险);
//      a claim sent as 380 gets an error row.
//   2. Deductible (起付线): not given; this file has none, so the bands and
//      ratios apply to the whole in-scope amount (inscp_scp_amt).
//   3. Bands per admission: the bands apply to each claim's own in-scope
//      amount; a second admission in the year starts again at the first band.
//   4. "About 60%" / "about 40%" are encoded as exactly 60% and 40%.
//   5. Level 1 (一级) and level 3 (三级) hospitals: no ratio given; benefit
//      住院未给 refuses such inpatient claims with an error row on medins_lv
//      naming the source's silence. A township health centre
//      sends 乡镇卫生院 or 基层, a village clinic 村卫生站, a county hospital
//      not rated level 2 sends 县级医院.
//   6. Outpatient, pharmacy and maternity: not given and not modelled; such
//      claims get the generic error row on med_type ("no benefit … covers").
//   7. Yearly cap (封顶线): not given; none.
//   8. Remote care (异地就医): the source gives no figures. A member filed
//      as a long-term resident elsewhere (remote_filing 长期) is settled at
//      the local ratio, as the domain notes give for filed long-term
//      residents; other care away from the insured place (临时, 转诊, 急诊,
//      未备案) is refused by benefit 异地未给 with an error row on
//      remote_filing.
policy "广东省农村居民基本医疗保险住院补偿（2025）" {
    region    "440000"
    insutype  390
    effective 2025-01-01 to 2025-12-31
    source    "广东省农村合作医疗住院补偿政策公开解读" year 2025
    account   none
    note      "deductible none, bands per admission, levels 1 and 3 and outpatient not modelled; see the comment above"
}

// Provider levels of this scheme. Village clinics and county hospitals have
// no national code: claims send the label.
enum medins_lv {
    村卫生站
    乡镇卫生院 = "基层"
    县级医院
    一级 = 1
    二级 = 2
    三级 = 3
}

// 县级及二级医院: progressive bands on the in-scope amount (choice 2: no deductible).
param 县级二级分段 = bands { 0..500: 25%, 500..10000: 65%, 10000..: 50% }

param 村卫生站比例   = 60%
param 乡镇卫生院比例 = 40%

// Choice 8: remote care has no figures but for a long-term filing.
benefit 异地未给 "异地就医（来源未给）" {
    covers 普通住院, 外伤住院, 转外诊治住院, 急诊转住院
    when   mdtrt_area != 本地 and remote_filing != 长期
    refuse remote_filing "广东 source gives no remote-care (异地就医) figures; only members filed as long-term residents elsewhere (长期) are settled, at the local ratio"
}

// Choice 5: the source gives inpatient ratios only for 村卫生站, 乡镇卫生院,
// 县级医院 and 二级.
benefit 住院未给 "住院（一级、三级，来源未给比例）" {
    covers 普通住院, 外伤住院, 转外诊治住院, 急诊转住院
    when   medins_lv in [一级, 三级]
    refuse medins_lv "广东 source gives no inpatient ratio at levels 1 and 3"
}

benefit 村卫生站住院 "村卫生站住院" {
    covers 普通住院, 外伤住院, 转外诊治住院, 急诊转住院
    when   medins_lv == 村卫生站
    ratio  村卫生站比例
}

benefit 乡镇住院 "乡镇卫生院住院" {
    covers 普通住院, 外伤住院, 转外诊治住院, 急诊转住院
    when   medins_lv == 乡镇卫生院
    ratio  乡镇卫生院比例
}

benefit 县级住院 "县级及二级医院住院（分段）" {
    covers 普通住院, 外伤住院, 转外诊治住院, 急诊转住院
    when   medins_lv in [县级医院, 二级]
    ratio  县级二级分段
}
