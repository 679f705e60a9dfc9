policy "p" {
    insutype 310
    source "s"
}
/* 说明：住院按次计算起付线 */
benefit 住院 {
    covers 普通住院
    ratio  85%
}
