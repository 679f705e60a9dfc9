policy "p" {
    insutype 310
    source "s"
}
benefit b {
    covers 普通住院
    ratio 85%
    cap ¥50 per admission
}
