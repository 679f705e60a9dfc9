policy "p" {
    insutype 310
    source "s"
benefit 住院 {
    covers 普通住院
    ratio  85%
}
