policy "p" {
    insutype 310
    source "s"
}
enum psn_type {
    在职 = 1101
    退休 = 1201
}
param 门慢限额 = ¥6000
benefit 住院 {
    covers 普通住院
    ratio  80%
    remote by mdtrt_area {
        本地:    × 100%
        default: x 95%
    }
}
