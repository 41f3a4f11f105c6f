print("weightatlas")
