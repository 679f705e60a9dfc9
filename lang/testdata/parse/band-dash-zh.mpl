policy "p" {
    insutype 310
    source "s"
}
benefit 住院 {
    适用 普通住院
    报销比例 分段 { 0-500: 25%, 500..: 65% }
}
