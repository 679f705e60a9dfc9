policy "p" {
    insutype 310
    source "s"
}
benefit 门诊 {
    covers 普通门诊
    ratio  50%
    cap    ¥50 按次
}
