policy "p" {
    insutype 310
    source "s"
}
benefit 住院 {
    covers 普通住院
    ratio  bands {
        0-500:      25%
        500..10000: 65%
        10000..:    50%
    }
}
