policy "新" {
    insutype 310
    source "s"
}
enum psn_type {
    在职 = 1101
}
benefit 门诊 {
    covers 普通门诊
    ratio 50%
}
benefit 住院 {
    covers 普通住院
    deductible ¥1000 per year
    ratio 90%
}
