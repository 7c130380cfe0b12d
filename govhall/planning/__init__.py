"""Staffing from the arrivals: forecasts, Erlang C and simulation against the rota (001 6.4.1.1)."""
