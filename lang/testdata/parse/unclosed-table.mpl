policy "p" {
    insutype 310
    source "s"
}
benefit 住院 {
    covers 普通住院
    ratio match psn_type {
        在职:    85%
        default: 90%
    cap ¥460000 per year
}
