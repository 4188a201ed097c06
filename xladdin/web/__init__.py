"""The local web page (`huitoukan serve`): drop workbooks in a browser, see and download the results."""
