module example.com/leakservice

go 1.27
