policy "p" {
    insutype 310
    source "s"
}
benefit b {
    covers 普通住院
    ratio  85%
    cap    ¥460000元 per year
}
