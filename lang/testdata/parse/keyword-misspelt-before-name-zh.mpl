policy "p" {
    insutype 310
    source "s"
}
benefit b {
    covers 普通住院
    ratio  如过 age > 60 则 90% 否则 85%
}
