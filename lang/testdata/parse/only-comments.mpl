// 某市职工医保（2025）: to be written
