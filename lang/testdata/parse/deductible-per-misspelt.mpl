policy "p" {
    insutype 310
    source "s"
}
benefit b {
    covers 普通住院
    deductible ¥1500 per yaer
    ratio 85%
}
