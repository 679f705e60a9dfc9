policy "旧" {
    insutype 310
    source "s"
}
enum psn_type {
    在职 = 1101
}
benefit 门诊未给 {
    covers 普通门诊
    refuse med_type "旧政策不含门诊"
}
benefit 住院 {
    covers 普通住院
    deductible ¥1000 per year
    ratio 80%
}
