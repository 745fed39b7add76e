from cartesia_cli.cli.app import main

main()
