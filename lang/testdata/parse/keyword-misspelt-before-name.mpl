policy "p" {
    insutype 310
    source "s"
}
benefit b {
    covers 普通住院
    ratio  iff age > 60 then 90% else 85%
}
