policy "p" {
    insutype 310
    source "s"
}
benefit b {
    covers 普通住院
    如果 85%
}
