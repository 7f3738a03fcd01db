from socialu.cli import main

main()
