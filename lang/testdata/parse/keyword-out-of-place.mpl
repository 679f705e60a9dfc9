policy "p" {
    insutype 310 报销比例
    source "s"
}
