from xladdin.cli.commands import main

main()
