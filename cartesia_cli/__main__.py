from cartesia_cli.cli.entry import main

main()
