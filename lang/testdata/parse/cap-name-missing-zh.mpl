policy "p" {
    insutype 310
    source "s"
}
待遇 住院 {
    适用   普通住院
    报销比例 85%
    封顶线 每年
}
