policy "p" {
    insutype 310
    source "s"
}
待遇 住院 {
    适用   普通住院
    起付线 报销比例 85%
}
