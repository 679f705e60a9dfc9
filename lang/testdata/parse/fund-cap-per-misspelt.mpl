policy "p" {
    insutype 310
    source "s"
}
benefit b {
    covers 普通住院
    ratio 85%
}
fund 大病 {
    code 310200
    ratio 50%
    cap ¥400000 per yaer
}
