policy "p" {
    insutype 310
    source "s"
}
benefit 住院 {
    covers 普通住院
    ratio  85%
}
fund 大病 "大病保险" {
    code 390200
    base 起付线
    ratio 60%
}
