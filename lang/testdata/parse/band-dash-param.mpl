policy "p" {
    insutype 310
    source "s"
}
param 分段比例 = bands {
    0..500:     25%
    500-10000:  65%
    10000..:    50%
}
benefit 住院 {
    covers 普通住院
    ratio  分段比例
}
