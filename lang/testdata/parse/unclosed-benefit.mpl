policy "p" {
    insutype 310
    source "s"
}
param 住院起付线 = ¥1500

benefit 住院 "普通住院" {
    covers     普通住院
    deductible 住院起付线 per year
    ratio      85%

benefit 门诊 {
    covers 普通门诊
    ratio  50%
}
