policy "p" {
    insutype 310
    source "s"
}
enum psn_type {
    在职 = 1101, 1102, 1103
    退休 = 1201, 1202, 12O3
}
