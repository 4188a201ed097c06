"""The 整改台账 (ledger): every 补课 item followed across rounds until the office signs it off (销号)."""
