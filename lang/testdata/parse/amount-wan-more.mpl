policy "t" {
    insutype 310
    effective 2025-01-01 to 2025-12-31
    source "t"
}
param 统筹限额 = ¥40万5千
